package dev.vigil.sensor.cli;

import dev.vigil.sensor.output.NdjsonOutput;
import dev.vigil.sensor.output.OutputAgent;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The outputs a command's options ask for. */
final class Outputs {
    private final List<OutputAgent> agents;

    private Outputs(List<OutputAgent> agents) {
        this.agents = agents;
    }

    static Outputs open(CommonOptions o, PrintWriter err) throws IOException {
        List<OutputAgent> list = new ArrayList<>();
        if (o.ndjson != null) {
            list.add(NdjsonOutput.open(o.ndjson));
        }
        if (o.es != null) {
            list.add(ElasticsearchOutputs.create(o.es, o.namespace));
        }
        return new Outputs(list);
    }

    List<OutputAgent> agents() {
        return agents;
    }

    String describe(OutputAgent o) {
        if (o instanceof NdjsonOutput n) {
            return n.target() == null ? " (stdout)" : " (" + n.target() + ")";
        }
        return ElasticsearchOutputs.describe(o);
    }
}
