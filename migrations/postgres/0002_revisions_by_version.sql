-- Version 2: the revision log by data version, for reading what changed since a version
-- (a server's incremental reload) without scanning the whole log.
CREATE INDEX revisions_version ON revisions (data_version);
