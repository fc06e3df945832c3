package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.FindingsDigest;
import dev.vigil.sensor.output.NdjsonOutput;
import dev.vigil.sensor.output.OutputAgent;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The outputs a command's options ask for. */
final class Outputs {
    private final List<OutputAgent> agents;
    private final FindingsDigest digest;

    private Outputs(List<OutputAgent> agents, FindingsDigest digest) {
        this.agents = agents;
        this.digest = digest;
    }

    /**
     * @param live the events come from a live capture: a full Elasticsearch spool then drops
     *             (counted) instead of making the packet path wait
     */
    static Outputs open(CommonOptions o, PrintWriter err, boolean live) throws IOException {
        List<OutputAgent> list = new ArrayList<>();
        if (o.ndjson != null) {
            list.add(NdjsonOutput.open(o.ndjson));
        }
        if (o.es != null) {
            list.add(ElasticsearchOutputs.create(o.es, o.namespace, o.esSpool, o.esSpoolMaxBytes, live));
        }
        list.addAll(WebhookOutputs.create(o.webhook));
        FindingsDigest digest = new FindingsDigest(null);
        list.add(digest);
        return new Outputs(list, digest);
    }

    /** Every output, the findings digest included. */
    List<OutputAgent> agents() {
        return agents;
    }

    /** The findings seen, for the summary. */
    FindingsDigest digest() {
        return digest;
    }

    String describe(OutputAgent o) {
        if (o instanceof NdjsonOutput n) {
            return n.target() == null ? " (stdout)" : " (" + n.target() + ")";
        }
        return ElasticsearchOutputs.describe(o) + WebhookOutputs.describe(o);
    }
}
