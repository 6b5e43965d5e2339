package hub.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Starts an embedded Neo4j 5.26 DBMS with only the Bolt connector, on loopback.
 *
 * <p>Usage: {@code Launcher HOME PORT [PAGECACHE_MB] [TX_TIMEOUT_SECONDS] [TX_MEMORY_MB]}. Prints
 * {@code HUB-NEO4J READY bolt://127.0.0.1:PORT} once Bolt accepts connections, then
 * runs until SIGTERM/SIGINT, when it shuts the DBMS down cleanly.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Launcher HOME PORT [PAGECACHE_MB] [TX_TIMEOUT_SECONDS] [TX_MEMORY_MB]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    long pagecacheMb = args.length > 2 ? Long.parseLong(args[2]) : 64;
    long txTimeoutSeconds = args.length > 3 ? Long.parseLong(args[3]) : 120;
    // db.memory.transaction.max: one transaction may not take more than this much heap.
    long txMemoryMb = args.length > 4 ? Long.parseLong(args[4]) : 512;
    Files.createDirectories(home);

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pagecacheMb * 1024 * 1024)
            .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(txTimeoutSeconds))
            .setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMemoryMb * 1024 * 1024)
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("HUB-NEO4J STOPPING");
                  dbms.shutdown();
                  System.out.println("HUB-NEO4J STOPPED");
                  System.out.flush();
                  stopped.countDown();
                },
                "hub-neo4j-shutdown"));

    // The default database must be open before clients arrive, and Bolt must accept.
    dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    waitForBolt(port, Duration.ofSeconds(60));
    System.out.println("HUB-NEO4J READY bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }

  private static void waitForBolt(int port, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("Bolt did not accept connections on port " + port);
  }
}
