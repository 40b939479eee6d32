-- A random id for this installation (api/system/status); the existing settings row gets its own now.
ALTER TABLE "settings" ADD COLUMN "instance_id" uuid DEFAULT gen_random_uuid() NOT NULL;
