package io.cryptoflow.collector.backup;

import java.util.Map;

/**
 * The environment variables that point litestream-s3.yml (and bin/cryptoflow, compose, the drill)
 * at an S3-compatible endpoint, as README's environment table names them. Used where a process is
 * pointed at a local S3 implementation: the backup tests and {@code bench/run backup}.
 */
public final class S3BackupEnv {

    private S3BackupEnv() {
    }

    /**
     * Path-style access to {@code bucket} under {@code prefix} at {@code endpoint} with these
     * credentials; removes AWS_CA_BUNDLE, with which Litestream refuses a plain-HTTP endpoint.
     */
    public static void put(Map<String, String> env, String bucket, String prefix, String endpoint, String key, String secret) {
        env.remove("AWS_CA_BUNDLE");
        env.put("CRYPTOFLOW_BACKUP_S3_BUCKET", bucket);
        env.put("CRYPTOFLOW_BACKUP_S3_PATH", prefix);
        env.put("CRYPTOFLOW_BACKUP_S3_ENDPOINT", endpoint);
        env.put("CRYPTOFLOW_BACKUP_S3_REGION", "us-east-1");
        env.put("CRYPTOFLOW_BACKUP_S3_FORCE_PATH_STYLE", "true");
        env.put("LITESTREAM_ACCESS_KEY_ID", key);
        env.put("LITESTREAM_SECRET_ACCESS_KEY", secret);
    }
}
