package dev.vigil.sensor.app.dip;

import dev.vigil.protocol.dip.DipStreamFramer;
import dev.vigil.protocol.reassembly.TcpReassembler;
import dev.vigil.protocol.reassembly.TcpReassemblyConfig;
import dev.vigil.protocol.reassembly.TcpSegmentPool;

/** Per-flow DIP state: a reassembler and a framer for each direction. Pooled by {@link DipApp}. */
final class DipFlowState {
    private final TcpReassembler[] reassemblers = new TcpReassembler[2];
    private final DipStreamFramer[] framers = new DipStreamFramer[2];

    DipFlowState(TcpReassemblyConfig config, TcpSegmentPool pool) {
        for (int d = 0; d < 2; d++) {
            reassemblers[d] = new TcpReassembler(config, pool);
            framers[d] = new DipStreamFramer();
        }
    }

    /** Prepares for a new flow (releases any pool pages still held). */
    void reset(DipStreamFramer.Sink sink) {
        for (int d = 0; d < 2; d++) {
            reassemblers[d].reset();
            framers[d].reset(sink);
        }
    }

    TcpReassembler reassembler(int direction) {
        return reassemblers[direction];
    }

    DipStreamFramer framer(int direction) {
        return framers[direction];
    }
}
