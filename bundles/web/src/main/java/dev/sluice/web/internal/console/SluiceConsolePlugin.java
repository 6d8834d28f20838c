package dev.sluice.web.internal.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.sluice.api.SluiceException;
import dev.sluice.api.management.StreamManager;
import dev.sluice.api.management.StreamMetrics;
import dev.sluice.api.management.StreamSummary;
import dev.sluice.web.internal.metrics.StreamFigure;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The "Sluice" tab of the Felix Web Console, for those who run the console: every stream with its
 * state and latest figures, each linking to its page in Sluice's web view. The console finds it by
 * its label and puts it behind its own login; without the console it is an idle service (it has
 * no whiteboard pattern, so the HTTP service does not serve it).
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + SluiceConsolePlugin.LABEL,
    "felix.webconsole.title=Sluice",
    "felix.webconsole.category=Sluice"})
public final class SluiceConsolePlugin extends HttpServlet {

    static final String LABEL = "sluice";
    private static final long serialVersionUID = 1L;
    private static final String STREAM_PAGE = "/sluice/stream.html?name=";

    private final transient StreamManager streams;

    @Activate
    public SluiceConsolePlugin(@Reference StreamManager streams) {
        this.streams = streams;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println("<p class=\"statline\">Streams of this container. Their pages, with charts of their batches,"
                + " their graph and events, are in <a href=\"/sluice/\">Sluice's web view</a>, which asks for"
                + " Sluice's own password.</p>");
        out.println("<table id=\"sluice-streams\" class=\"nicetable\"><thead><tr><th>Stream</th><th>State</th>"
                + "<th>Batch interval (ms)</th><th>Completed batches</th><th>Failed</th>"
                + "<th>Last total delay (ms)</th><th>Description</th></tr></thead><tbody>");
        for (StreamSummary s : streams.list()) {
            StreamMetrics m;
            try {
                m = streams.metrics(s.application());
            } catch (SluiceException e) {
                continue; // the application left since the list was made
            }
            out.println("<tr><td><a href=\"" + STREAM_PAGE + Html.escape(URLEncoder.encode(s.application(),
                    StandardCharsets.UTF_8)) + "\">" + Html.escape(s.application()) + "</a></td>"
                    + "<td>" + s.state() + "</td>"
                    + "<td>" + figure(StreamFigure.batchInterval, m) + "</td>"
                    + "<td>" + m.totalCompletedBatches() + "</td>"
                    + "<td>" + m.totalFailedBatches() + "</td>"
                    + "<td>" + figure(StreamFigure.lastCompletedBatch_totalDelay, m) + "</td>"
                    + "<td>" + Html.escape(s.description()) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private static String figure(StreamFigure figure, StreamMetrics metrics) {
        long value = figure.of(metrics);
        return value < 0 ? "-" : Long.toString(value);
    }
}
