package dev.sluice.web.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.osgi.service.component.annotations.Component;

/**
 * The pages: {@code /sluice/} lists the streams, {@code stream.html} shows one, {@code batch.html}
 * one batch; their scripts and styles, and uPlot from its WebJar inside this bundle under
 * {@code uplot/}. Nothing is fetched from elsewhere, so the pages work offline, and the policy
 * sent with them lets them load nothing else.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=" + Paths.ROOT + "/*")
public final class PagesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final Pattern PAGE_FILE = Pattern.compile("[a-z-]+\\.(html|js|css)");
    private static final Pattern UPLOT_FILE = Pattern.compile("uplot/(uPlot\\.iife\\.min\\.js|uPlot\\.min\\.css|LICENSE)");
    private static final String UPLOT_DIR = "META-INF/resources/webjars/uplot/" + Versions.UPLOT + "/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8", "css", "text/css;charset=UTF-8", "LICENSE", "text/plain;charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() == null) {
            response.sendRedirect(request.getContextPath() + Paths.ROOT + "/");
            return;
        }
        String file = request.getPathInfo().equals("/") ? "streams.html" : request.getPathInfo().substring(1);
        String resource;
        if (PAGE_FILE.matcher(file).matches()) {
            resource = "web/" + file;
        } else if (UPLOT_FILE.matcher(file).matches()) {
            resource = UPLOT_DIR + (file.endsWith("LICENSE") ? "LICENSE" : "dist/" + file.substring("uplot/".length()));
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page " + file);
            return;
        }
        try (InputStream in = PagesServlet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND, "no page " + file);
                return;
            }
            String type = file.endsWith("LICENSE") ? "LICENSE" : file.substring(file.lastIndexOf('.') + 1);
            response.setContentType(TYPES.get(type));
            response.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }
}
