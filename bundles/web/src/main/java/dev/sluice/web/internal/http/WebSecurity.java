package dev.sluice.web.internal.http;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the web view: the user and password of {@link Credentials}, by a login session (the
 * pages) or HTTP Basic authentication (scripts, Prometheus). The framework properties
 * {@value #USER} (default {@value #DEFAULT_USER}) and {@value #PASSWORD_FILE} (default
 * {@code etc/web.password} under {@code sluice.home}) say which.
 */
@Component(service = WebSecurity.class)
public final class WebSecurity {

    static final String USER = "sluice.web.user";
    static final String PASSWORD_FILE = "sluice.web.passwordFile";
    static final String DEFAULT_USER = "sluice";
    /** The session attribute of a logged-in user, and of the token state-changing requests must carry. */
    static final String SESSION_USER = "sluice.user";
    static final String SESSION_CSRF = "sluice.csrf";
    /** The header that carries the session's token on state-changing requests. */
    static final String CSRF_HEADER = "X-Sluice-CSRF";

    private static final Logger LOG = LoggerFactory.getLogger(WebSecurity.class);

    private final Credentials credentials;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public WebSecurity(BundleContext context) throws IOException {
        String user = Optional.ofNullable(context.getProperty(USER)).filter(u -> !u.isBlank()).orElse(DEFAULT_USER);
        Path file = passwordFile(context);
        credentials = Credentials.loadOrGenerate(user, file);
        if (credentials.readableByOthers()) {
            LOG.warn("The web password file {} can be read by others than its owner; chmod 600 it", file);
        }
        LOG.info("The web view's user is {}; its password is in {}", user, file);
    }

    private static Path passwordFile(BundleContext context) {
        String configured = context.getProperty(PASSWORD_FILE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String home = context.getProperty("sluice.home");
        return home != null ? Path.of(home, "etc", "web.password") : context.getDataFile("web.password").toPath();
    }

    /** Starts a session for the user after a login that {@link #accept}ed, with a fresh id and token. */
    void logIn(HttpServletRequest request) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        session.setAttribute(SESSION_USER, credentials.user());
        byte[] token = new byte[24];
        random.nextBytes(token);
        session.setAttribute(SESSION_CSRF, Base64.getUrlEncoder().withoutPadding().encodeToString(token));
    }

    boolean accept(String user, String password) {
        return credentials.accept(user, password);
    }

    /** The Basic credentials of the request, if it carries valid ones. */
    boolean basicAuthenticated(HttpServletRequest request) {
        return BasicAuthorization.parse(request.getHeader("Authorization"))
                .filter(b -> credentials.accept(b.user(), b.password())).isPresent();
    }

    static Optional<HttpSession> loggedIn(HttpServletRequest request) {
        return Optional.ofNullable(request.getSession(false)).filter(s -> s.getAttribute(SESSION_USER) != null);
    }
}
