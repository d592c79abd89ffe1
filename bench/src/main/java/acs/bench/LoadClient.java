package acs.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark 4 without wrk: C concurrent keep-alive clients send the same signed GET for D seconds.
 * <pre>java acs.bench.LoadClient URL AUTHORIZATION [connections=32] [seconds=10]</pre>
 */
public final class LoadClient {
    private LoadClient() {}

    public static void main(String... a) throws Exception {
        URI uri = URI.create(a[0]);
        String auth = a[1];
        int conns = a.length > 2 ? Integer.parseInt(a[2]) : 32;
        long seconds = a.length > 3 ? Long.parseLong(a[3]) : 10;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", auth).GET().build();
        AtomicLong ok = new AtomicLong(), bad = new AtomicLong();
        Semaphore slots = new Semaphore(conns);
        long end = System.nanoTime() + seconds * 1_000_000_000L, t0 = System.nanoTime();
        while (System.nanoTime() < end) {
            slots.acquire();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e == null && r.statusCode() == 200) ok.incrementAndGet(); else bad.incrementAndGet();
                slots.release();
            });
        }
        slots.acquire(conns);
        double wall = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%.0f requests/s (%d ok, %d failed in %.1f s, %d connections)%n", ok.get() / wall, ok.get(), bad.get(), wall, conns);
    }
}
