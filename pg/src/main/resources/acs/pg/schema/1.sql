-- 1: the journal (latest state per entry), runs, their claims, node leases.
CREATE TABLE entries (
    id          text PRIMARY KEY,
    seq         bigserial NOT NULL,
    time        timestamptz NOT NULL,
    updated     timestamptz NOT NULL,
    state       text NOT NULL,
    pending     boolean NOT NULL,
    endpoint    text,
    profile     text,
    operation   text,
    method      text,
    path        text,
    node        bigint,
    container   bigint,
    params      jsonb NOT NULL DEFAULT '{}',
    command_id  text,
    detail      text,
    pid         bigint NOT NULL DEFAULT 0,
    face        text,
    source      text,
    run         text,
    attempt     integer NOT NULL DEFAULT 0,
    operator    text,
    resolution  text
);
CREATE INDEX entries_seq ON entries (seq);
CREATE INDEX entries_pending ON entries (seq) WHERE pending;
CREATE INDEX entries_run ON entries (run, seq) WHERE run IS NOT NULL;
CREATE INDEX entries_node ON entries (node, updated) WHERE node IS NOT NULL;
CREATE INDEX entries_updated ON entries (updated);
CREATE INDEX entries_command ON entries (command_id) WHERE command_id IS NOT NULL;
CREATE INDEX entries_operator ON entries (operator, updated);

CREATE TABLE runs (
    id        text PRIMARY KEY,
    started   text,
    state     text NOT NULL,
    attempts  integer NOT NULL,
    endpoint  text,
    record    jsonb NOT NULL
);
CREATE INDEX runs_started ON runs (started, id);

-- one row per run that was ever claimed: token is the attempt holding it (the fencing token);
-- released_by: who took it away with 'acs lease release --force' (until the next attempt)
CREATE TABLE claims (
    run        text PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    token      integer NOT NULL,
    operator   text NOT NULL,
    host       text NOT NULL,
    pid        bigint NOT NULL,
    since      timestamptz NOT NULL,
    heartbeat  timestamptz NOT NULL,
    active     boolean NOT NULL,
    released_by text
);

-- a node held by a run (run, token) or by a single change outside a run (hold, heartbeat)
CREATE TABLE leases (
    endpoint   text NOT NULL,
    node       bigint NOT NULL,
    run        text,
    token      integer NOT NULL DEFAULT 0,
    hold       text,
    operator   text NOT NULL,
    what       text,
    since      timestamptz NOT NULL,
    heartbeat  timestamptz NOT NULL,
    PRIMARY KEY (endpoint, node)
);
CREATE INDEX leases_run ON leases (run) WHERE run IS NOT NULL;
CREATE INDEX leases_hold ON leases (hold) WHERE hold IS NOT NULL;
