package io.medallion.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures the live heap of a stage: the largest heap still in use right after any garbage
 * collection while the stage ran. In local mode the driver and the executors share this JVM, so the
 * figure covers both; with the executors in a JVM of their own ({@code --executors separate}) it is
 * the driver's alone. A driver that collected data growing with input would show as growth here.
 */
final class HeapWatcher implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onCollection;

    private HeapWatcher() {}

    /** Collects once (so the stage starts from a clean heap) and starts watching. */
    static HeapWatcher start() {
        System.gc();
        HeapWatcher watcher = new HeapWatcher();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(watcher.listener, null, null);
                watcher.emitters.add(emitter);
            }
        }
        return watcher;
    }

    /**
     * Ends the stage with one more collection, so even a stage without any has a figure: the heap in
     * use right after it, read directly, since the collector's notification of it may come after the
     * listener is gone.
     */
    long stopAndGetPeakLiveBytes() {
        System.gc();
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        close();
        return peak.get();
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already removed: nothing to undo.
            }
        }
        emitters.clear();
    }

    private void onCollection(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        long used = 0;
        for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
            used += usage.getUsed();
        }
        // Non-heap pools (metaspace, code cache) are in the map too; they are small and stable.
        peak.accumulateAndGet(used, Math::max);
    }
}
