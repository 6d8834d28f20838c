package dev.sluice.web.internal.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sluice.api.Config;
import dev.sluice.api.ConfigException;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamSummary;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The JSON API the pages use and scripts can: {@code GET streams}, {@code streams/<name>},
 * {@code streams/<name>/batches}, {@code streams/<name>/graph} and {@code session}; {@code POST streams/<name>/start} (its
 * parameters are the stream's arguments) and {@code streams/<name>/stop} ({@code graceful=true} to
 * finish what was received). Errors answer {@code {"error": "..."}} with the message of the runtime.
 */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=" + Paths.API + "/*")
public final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient StreamManager streams;

    @Activate
    public ApiServlet(@Reference StreamManager streams) {
        this.streams = streams;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        try {
            if (path.equals(List.of("session"))) {
                answer(response, session(request));
            } else if (path.equals(List.of("streams"))) {
                answer(response, Map.of("streams", list()));
            } else if (path.size() == 2 && path.get(0).equals("streams")) {
                answer(response, StreamViews.detail(streams.status(path.get(1)), streams.metrics(path.get(1))));
            } else if (path.size() == 3 && path.get(0).equals("streams") && path.get(2).equals("batches")) {
                answer(response, StreamViews.batches(streams.metrics(path.get(1))));
            } else if (path.size() == 3 && path.get(0).equals("streams") && path.get(2).equals("graph")) {
                answer(response, GraphViews.graph(streams.graph(path.get(1)), streams.plugins()));
            } else {
                notFound(response, request);
            }
        } catch (SluiceException e) {
            error(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage());
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> path = segments(request);
        if (path.size() != 3 || !path.get(0).equals("streams")) {
            notFound(response, request);
            return;
        }
        String name = path.get(1);
        try {
            switch (path.get(2)) {
                case "start" -> answer(response, StreamViews.detail(streams.start(name, arguments(request)),
                        streams.metrics(name)));
                case "stop" -> answer(response, StreamViews.detail(
                        streams.stop(name, Boolean.parseBoolean(request.getParameter("graceful"))),
                        streams.metrics(name)));
                default -> notFound(response, request);
            }
        } catch (ConfigException e) {
            error(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (SluiceException e) {
            error(response, HttpServletResponse.SC_CONFLICT, e.getMessage());
        }
    }

    private List<Map<String, Object>> list() {
        var all = new ArrayList<Map<String, Object>>();
        for (StreamSummary s : streams.list()) {
            try {
                all.add(StreamViews.summary(s, streams.metrics(s.application())));
            } catch (SluiceException e) {
                // the application left since the list was made
            }
        }
        return all;
    }

    private static Map<String, Object> session(HttpServletRequest request) {
        var view = new LinkedHashMap<String, Object>();
        WebSecurity.loggedIn(request).ifPresent(s -> {
            view.put("user", s.getAttribute(WebSecurity.SESSION_USER));
            view.put("csrfToken", s.getAttribute(WebSecurity.SESSION_CSRF));
        });
        return view;
    }

    private static Config arguments(HttpServletRequest request) {
        var args = new LinkedHashMap<String, String>();
        request.getParameterMap().forEach((k, v) -> args.put(k, v[v.length - 1]));
        return Config.of(args);
    }

    private static List<String> segments(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null) {
            return List.of();
        }
        return java.util.Arrays.stream(info.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static void answer(HttpServletResponse response, Object body) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.write(body));
    }

    private static void notFound(HttpServletResponse response, HttpServletRequest request) throws IOException {
        error(response, HttpServletResponse.SC_NOT_FOUND, "no such API resource: " + request.getMethod() + " "
                + request.getRequestURI() + "; there are streams, streams/<name>, streams/<name>/batches, streams/<name>/graph, session,"
                + " and POST streams/<name>/start or stop");
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        answer(response, Map.of("error", message));
    }
}
