package dev.sluice.web.internal.http;

import java.io.IOException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sluice.api.management.StreamManager;
import dev.sluice.web.internal.metrics.PrometheusText;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The streams' figures for Prometheus to scrape. */
@Component(service = Servlet.class, property = "osgi.http.whiteboard.servlet.pattern=" + Paths.METRICS)
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PrometheusText text;

    @Activate
    public MetricsServlet(@Reference StreamManager streams) {
        this.text = new PrometheusText(streams);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType(PrometheusText.CONTENT_TYPE);
        response.setHeader("Cache-Control", "no-store");
        text.write(response.getOutputStream());
    }
}
