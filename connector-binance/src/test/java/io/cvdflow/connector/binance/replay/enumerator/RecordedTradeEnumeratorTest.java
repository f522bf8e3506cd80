package io.cvdflow.connector.binance.replay.enumerator;

import io.cvdflow.connector.binance.parse.SharedData;
import io.cvdflow.connector.binance.replay.split.RecordingSplit;
import io.cvdflow.connector.binance.replay.split.RecordingSplitState;

import org.apache.flink.connector.testutils.source.reader.TestingSplitEnumeratorContext;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecordedTradeEnumeratorTest {
    @Test
    void assignsEverySplitToItsOwnerThenSignalsTheEnd() throws Exception {
        TestingSplitEnumeratorContext<RecordingSplit> context = new TestingSplitEnumeratorContext<>(2);
        RecordedTradeEnumerator enumerator = new RecordedTradeEnumerator(context,
                RecordingSplitPlannerTest.plannerOf(SharedData.dir().toString()),
                new RecordedTradeEnumState(false, List.of()));
        enumerator.start();
        context.registerReader(0, "localhost");
        enumerator.addReader(0);
        assertThat(context.getSplitAssignments()).isEmpty();
        context.triggerAllActions();

        assertThat(context.getSplitAssignments().get(0).getAssignedSplits()).extracting(RecordingSplit::splitId)
                .containsExactly("recording-0", "recording-2");
        assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isTrue();
        RecordedTradeEnumState checkpoint = enumerator.snapshotState(1);
        assertThat(checkpoint.planned()).isTrue();
        assertThat(checkpoint.unassigned()).extracting(RecordingSplit::splitId)
                .containsExactly("recording-1", "recording-3");
        RecordedTradeEnumStateSerializer serializer = new RecordedTradeEnumStateSerializer();
        assertThat(serializer.deserialize(serializer.getVersion(), serializer.serialize(checkpoint)))
                .isEqualTo(checkpoint);

        context.registerReader(1, "localhost");
        enumerator.addReader(1);
        assertThat(context.getSplitAssignments().get(1).getAssignedSplits()).extracting(RecordingSplit::splitId)
                .containsExactly("recording-1", "recording-3");
        assertThat(context.getSplitAssignments().get(1).hasReceivedNoMoreSplitsSignal()).isTrue();
        assertThat(enumerator.snapshotState(2).unassigned()).isEmpty();
    }

    @Test
    void restoredEnumeratorDoesNotPlanAgainAndTakesSplitsBack() throws IOException {
        List<RecordingSplit> planned = RecordingSplitPlannerTest.plannerOf(SharedData.dir().toString()).plan();
        TestingSplitEnumeratorContext<RecordingSplit> context = new TestingSplitEnumeratorContext<>(1);
        RecordedTradeEnumerator enumerator = new RecordedTradeEnumerator(context,
                RecordingSplitPlannerTest.plannerOf("/no/such/dir"), new RecordedTradeEnumState(true, List.of()));
        enumerator.start();
        context.triggerAllActions();
        context.registerReader(0, "localhost");
        enumerator.addReader(0);
        assertThat(context.getSplitAssignments().get(0).hasReceivedNoMoreSplitsSignal()).isTrue();

        // a failed reader's split comes back with its position and goes to the restarted reader
        RecordingSplitState state = new RecordingSplitState(planned.get(1));
        state.advance(0, 100, 0);
        enumerator.addSplitsBack(List.of(state.toSplit()), 0);
        assertThat(context.getSplitAssignments().get(0).getAssignedSplits()).containsExactly(state.toSplit());
    }
}
