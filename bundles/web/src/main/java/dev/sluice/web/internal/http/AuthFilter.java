package dev.sluice.web.internal.http;

import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Everything under {@code /sluice/} but the login needs a login session or HTTP Basic credentials;
 * pages send a visitor without either to the login, the API and metrics answer 401. A request that
 * changes something (any method but GET and HEAD) must also carry {@value WebSecurity#CSRF_HEADER}:
 * the session's token for a session, any value with Basic credentials. Another site's page can
 * make a browser send a form or a cookie, but not a header of its own choosing.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=" + Paths.ROOT + "/*",
        "osgi.http.whiteboard.filter.name=sluice-authentication"})
public final class AuthFilter implements Filter {

    private final WebSecurity security;

    @Activate
    public AuthFilter(@Reference WebSecurity security) {
        this.security = security;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        var request = (HttpServletRequest) req;
        var response = (HttpServletResponse) res;
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(Paths.LOGIN)) {
            chain.doFilter(req, res);
            return;
        }
        Optional<HttpSession> session = WebSecurity.loggedIn(request);
        boolean basic = session.isEmpty() && security.basicAuthenticated(request);
        if (session.isEmpty() && !basic) {
            refuse(request, response, path);
            return;
        }
        if (changesState(request)) {
            Optional<String> problem = forgeryProblem(request, session);
            if (problem.isPresent()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, problem.get());
                return;
            }
        }
        chain.doFilter(req, res);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String path)
            throws IOException {
        if (path.startsWith(Paths.API + "/") || path.equals(Paths.METRICS)) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Sluice\", charset=\"UTF-8\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED,
                    "log in at " + Paths.LOGIN + " or send HTTP Basic credentials");
        } else {
            response.sendRedirect(request.getContextPath() + Paths.LOGIN);
        }
    }

    private static boolean changesState(HttpServletRequest request) {
        return !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
    }

    private static Optional<String> forgeryProblem(HttpServletRequest request, Optional<HttpSession> session) {
        String origin = request.getHeader("Origin");
        if (origin != null && !sameHost(origin, request.getHeader("Host"))) {
            return Optional.of("refused: a request from " + origin + " may not change streams here");
        }
        String token = request.getHeader(WebSecurity.CSRF_HEADER);
        if (token == null) {
            return Optional.of("refused: a request that changes something needs the " + WebSecurity.CSRF_HEADER
                    + " header (the session's token, from GET " + Paths.API + "/session)");
        }
        if (session.isPresent() && !Objects.equals(token, session.get().getAttribute(WebSecurity.SESSION_CSRF))) {
            return Optional.of("refused: the " + WebSecurity.CSRF_HEADER + " header is not this session's token");
        }
        return Optional.empty();
    }

    private static boolean sameHost(String origin, String host) {
        try {
            return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
