package io.medallion.jobs.objectstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A Google service account key file as the GCP console writes it, with a freshly generated RSA key:
 * valid for the GCS connector to parse and sign with, known to no Google server.
 */
record ServiceAccountKeyFile(Path path, String privateKeyId, List<String> privateKeyLines) {
    /** The Hadoop setting (Spark: {@code spark.hadoop.} plus this) that names the key file. */
    static final String SETTING = "fs.gs.auth.service.account.json.keyfile";

    static ServiceAccountKeyFile write(Path path) throws IOException {
        PrivateKey key = rsaKey();
        String pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        String privateKeyId = UUID.randomUUID().toString().replace("-", "");
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("type", "service_account")
                .put("project_id", "medallion-test")
                .put("private_key_id", privateKeyId)
                .put("private_key", "-----BEGIN PRIVATE KEY-----\n" + pem + "\n-----END PRIVATE KEY-----\n")
                .put("client_email", "medallion-test@medallion-test.iam.gserviceaccount.com")
                .put("client_id", "100000000000000000000")
                .put("token_uri", "https://oauth2.googleapis.com/token");
        Files.writeString(path, json.toPrettyString());
        return new ServiceAccountKeyFile(path, privateKeyId, pem.lines().toList());
    }

    /** What must never be printed: the key's id and pieces of the key itself (64-character lines of its PEM). */
    List<String> secrets() {
        return List.of(privateKeyId, privateKeyLines.get(1), privateKeyLines.get(privateKeyLines.size() / 2));
    }

    private static PrivateKey rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has RSA", e);
        }
    }
}
