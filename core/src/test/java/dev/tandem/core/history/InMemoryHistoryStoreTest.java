package dev.tandem.core.history;

import java.util.function.LongSupplier;

class InMemoryHistoryStoreTest extends HistoryStoreConformance {

    @Override
    protected HistoryStore createStore(LongSupplier clock) {
        return new InMemoryHistoryStore(clock);
    }
}
