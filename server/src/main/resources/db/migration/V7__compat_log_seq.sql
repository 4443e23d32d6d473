-- LabLink client images send log lines without sequence numbers; each gets one from here.
CREATE SEQUENCE compat_log_seq;
