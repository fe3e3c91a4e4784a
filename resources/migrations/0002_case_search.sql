-- Case search (Sprawy i awarie): folded text (lower case, no diacritics, ł→l) of the case number,
-- the customer's name and number, the place, the callback phone, subject, description and notes.
-- Kept current by the write path (core/cases/search.ts), so closed cases stay findable.
CREATE VIRTUAL TABLE `case_search` USING fts5(
	case_id UNINDEXED,
	body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
