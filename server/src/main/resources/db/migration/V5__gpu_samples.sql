-- GPU readings: every sample for a day, then 5-minute summaries; and each machine's GPU health.

CREATE TABLE gpu_samples (
    machine_id         BIGINT      NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    at                 TIMESTAMPTZ NOT NULL,
    gpu_index          INT         NOT NULL,
    name               TEXT,
    uuid               TEXT,
    utilization_gpu    REAL,
    utilization_memory REAL,
    memory_used_mib    REAL,
    memory_total_mib   REAL,
    temperature_c      REAL,
    power_w            REAL,
    ecc_uncorrected    BIGINT,
    throttle_reasons   BIGINT
);
CREATE INDEX gpu_samples_by_machine ON gpu_samples (machine_id, at);
CREATE INDEX gpu_samples_by_age ON gpu_samples (at);

-- One row per machine, GPU and 5 minutes: averages, with the worst temperature and ECC count.
CREATE TABLE gpu_samples_5m (
    machine_id         BIGINT      NOT NULL REFERENCES machines (id) ON DELETE CASCADE,
    bucket             TIMESTAMPTZ NOT NULL,
    gpu_index          INT         NOT NULL,
    samples            INT         NOT NULL,
    utilization_gpu    REAL,
    utilization_memory REAL,
    memory_used_mib    REAL,
    memory_total_mib   REAL,
    temperature_c      REAL,
    max_temperature_c  REAL,
    power_w            REAL,
    ecc_uncorrected    BIGINT,
    PRIMARY KEY (machine_id, bucket, gpu_index)
);

ALTER TABLE machines ADD COLUMN gpu_health TEXT CHECK (gpu_health IN ('HEALTHY', 'DEGRADED', 'UNHEALTHY', 'NO_GPU'));
ALTER TABLE machines ADD COLUMN gpu_health_reason TEXT;
ALTER TABLE machines ADD COLUMN gpu_count INT;
