package io.medallion.lakehouse.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Tells a JDBC URL that carries a password, for the config readers of sources and exports alike: a
 * URL is logged, written to raw manifests and put into error messages, so a secret in it would leak.
 */
final class JdbcUrls {
    /** A password in a URL's user part: {@code //user:secret@host} (MySQL, MariaDB...) or Oracle's {@code thin:user/secret@host}. */
    private static final Pattern CREDENTIALS_IN_URL = Pattern.compile("//[^/?;@:]*:[^/?;@]*@|^jdbc:oracle:[a-z]+:[^@/:]+/[^@]*@",
            Pattern.CASE_INSENSITIVE);

    private JdbcUrls() {}

    /** Whether the URL names a password (a {@code password=} property) or holds user:secret credentials. */
    static boolean holdsPassword(String url) {
        return url.toLowerCase(Locale.ROOT).contains("password") || CREDENTIALS_IN_URL.matcher(url).find();
    }
}
