package dev.sluice.web.internal.http;

import java.io.IOException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The login form, and its answer: a session and the way in, or the form again saying why not. */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=" + Paths.LOGIN)
public final class LoginServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient WebSecurity security;

    @Activate
    public LoginServlet(@Reference WebSecurity security) {
        this.security = security;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(response, HttpServletResponse.SC_OK, "");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (security.accept(request.getParameter("user"), request.getParameter("password"))) {
            security.logIn(request);
            response.sendRedirect(request.getContextPath() + Paths.HOME);
        } else {
            form(response, HttpServletResponse.SC_UNAUTHORIZED, "Wrong user or password.");
        }
    }

    private static void form(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Sluice: log in</title></head>
                <body><h1>Sluice</h1>
                <form method="post" action="%s">
                <p id="message">%s</p>
                <label>User <input id="user" name="user" autocomplete="username" required></label>
                <label>Password <input id="password" name="password" type="password"
                  autocomplete="current-password" required></label>
                <button id="login" type="submit">Log in</button>
                </form></body></html>
                """.formatted(Paths.LOGIN, message));
    }
}
