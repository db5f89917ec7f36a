package dev.tandem.core.history;

class InMemoryTranscriptStoreTest extends TranscriptStoreConformance {

    @Override
    protected TranscriptStore createStore() {
        return new InMemoryHistoryStore();
    }
}
