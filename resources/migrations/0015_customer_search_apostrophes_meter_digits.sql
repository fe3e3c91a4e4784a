-- Customer search, third form. A name with an apostrophe is also indexed without it, so "oneill"
-- finds O'Neill (the tokenizer splits "o'neill" into "o" and "neill"). The whole index is rebuilt
-- with the statement the app uses (fold_text is registered on the connection before migrating).
-- And the meters' serial digits without the letter prefix get an index of their own: a clerk
-- types "12345678" for ZM12345678 (the search looks this very expression up).
CREATE INDEX `meters_serial_digits` ON `meters` (ltrim("serial_no", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'));
--> statement-breakpoint
DELETE FROM `customer_search`;
--> statement-breakpoint
INSERT INTO customer_search (customer_id, body)
SELECT c.id, fold_text(concat_ws(' ',
  c.customer_no, c.first_name, c.last_name, c.company_name, c.pesel, c.nip, c.email,
  c.corr_street, c.corr_house_no, c.corr_flat_no, c.corr_postal_code, c.corr_city,
  (SELECT group_concat(concat_ws(' ', p.street, p.house_no, p.flat_no, p.city), ' ')
     FROM supply_points p WHERE p.id IN (SELECT k.supply_point_id FROM contracts k WHERE k.customer_id = c.id)),
  (SELECT group_concat(m.serial_no, ' ')
     FROM meters m WHERE m.supply_point_id IN (SELECT k.supply_point_id FROM contracts k WHERE k.customer_id = c.id)),
  c.phone, replace(replace(c.phone, ' ', ''), '-', ''),
  CASE WHEN instr(concat_ws(' ', c.first_name, c.last_name, c.company_name), '''') > 0 OR instr(concat_ws(' ', c.first_name, c.last_name, c.company_name), '’') > 0
    THEN replace(replace(concat_ws(' ', c.first_name, c.last_name, c.company_name), '''', ''), '’', '') END))
FROM customers c
WHERE c.deleted_at IS NULL AND c.merged_into IS NULL;
