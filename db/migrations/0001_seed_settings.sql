-- The settings table always holds exactly one row (id = 1) with the defaults of SPEC section 2.
INSERT INTO "settings" ("id") VALUES (1) ON CONFLICT DO NOTHING;
