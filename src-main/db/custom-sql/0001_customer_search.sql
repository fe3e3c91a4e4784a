-- Global customer search. The body holds folded text (lower case, no diacritics, ł→l) of the
-- name, numbers, identifiers, addresses and meter numbers; it is kept current by the write path.
CREATE VIRTUAL TABLE `customer_search` USING fts5(
	customer_id UNINDEXED,
	body,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3'
);
