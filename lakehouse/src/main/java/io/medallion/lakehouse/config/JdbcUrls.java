package io.medallion.lakehouse.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a JDBC URL that carries a password, for the config readers of sources and exports alike: a
 * URL is logged, written to raw manifests and put into error messages, so a secret in it would leak.
 */
public final class JdbcUrls {
    /** A password in a URL's user part: {@code //user:secret@host} (MySQL, MariaDB...) or Oracle's {@code thin:user/secret@host}. */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("//[^/?;@:]*:[^?;@]*@|^jdbc:oracle:[a-z]+:[^@/:]+/[^@]*@",
            Pattern.CASE_INSENSITIVE);
    /**
     * A password in a URL property: {@code PWD=} (Databricks, ODBC style), {@code private_key_file_pwd=},
     * {@code client_secret=}. A token property ({@code accessToken=}) is left to the driver: it has no
     * other way in, and messages and records name the URL without its parameters ({@link #withoutSecrets}).
     */
    private static final Pattern SECRET_PROPERTY = Pattern.compile("[;?&]\\s*[a-z_]*(pwd|secret)[a-z_]*\\s*=", Pattern.CASE_INSENSITIVE);

    private JdbcUrls() {}

    /** Whether the URL names a password (a {@code password=} property) or holds user:secret credentials. */
    static boolean holdsPassword(String url) {
        return url.toLowerCase(Locale.ROOT).contains("password") || CREDENTIALS_IN_URL.matcher(url).find() || SECRET_PROPERTY.matcher(url).find();
    }

    /**
     * The URL safe for messages and records: without its parameters (after {@code ?} or {@code ;},
     * where drivers take credentials and tokens) and without a user part's password.
     */
    public static String withoutSecrets(String url) {
        return url.replaceFirst("[?;].*", "").replaceFirst("//([^/@:]*):[^/@]*@", "//$1:***@");
    }
}
