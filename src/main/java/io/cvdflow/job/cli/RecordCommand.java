package io.cvdflow.job.cli;

import io.cvdflow.connector.binance.record.FrameRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record the live feed as received: one line per frame, '<receive time, ns> <JSON>', gzip files "
                + "rolling every UTC hour, each renamed into place only when complete. `./cvd replay` reads them.")
public class RecordCommand implements Callable<Integer> {
    @Mixin
    BinanceArguments binance;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "directory for the recordings")
    Path output;

    @Override
    public Integer call() throws Exception {
        if (binance.symbols.isEmpty()) {
            throw new ParameterException(new picocli.CommandLine(this), "record needs --symbols");
        }
        try (FrameRecorder recorder = new FrameRecorder(binance.wsUrl, binance.symbols, binance.streamType().toString(), output)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    recorder.close();
                    System.err.println("recorded " + recorder.frames() + " frames into " + output.toAbsolutePath());
                } catch (Exception e) {
                    System.err.println("closing the recording failed: " + e);
                }
            }));
            System.err.println("recording " + binance.symbols + " from " + binance.wsUrl + " into " + output.toAbsolutePath()
                    + " (Ctrl-C stops)");
            recorder.run();
        }
        return 0;
    }
}
