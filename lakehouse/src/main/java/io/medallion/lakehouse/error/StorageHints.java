package io.medallion.lakehouse.error;

import java.util.Locale;

/**
 * What to check when a location cannot be read or written, by its scheme: for object stores, the
 * settings that decide where requests go and who signs them. It names settings, never their values.
 */
final class StorageHints {
    private StorageHints() {}

    static String whatToCheck(String location) {
        int colon = location.indexOf("://");
        String scheme = colon > 0 ? location.substring(0, colon).toLowerCase(Locale.ROOT) : "file";
        return switch (scheme) {
            case "s3a", "s3" -> "Check the bucket name; the endpoint and addressing style (spark.hadoop.fs.s3a.endpoint, "
                    + "spark.hadoop.fs.s3a.path.style.access, or per bucket spark.hadoop.fs.s3a.bucket.<bucket>.endpoint); "
                    + "and the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, an instance "
                    + "profile, or spark.hadoop.fs.s3a.access.key and spark.hadoop.fs.s3a.secret.key).";
            case "gs" -> "Check the bucket name; that this machine reaches Google Cloud Storage (storage.googleapis.com "
                    + "and oauth2.googleapis.com); and the credentials (spark.hadoop.fs.gs.auth.service.account.json.keyfile, "
                    + "or GOOGLE_APPLICATION_CREDENTIALS naming a service account key file).";
            default -> "Check that the location exists and that this job may read and write it.";
        };
    }
}
