// The peer: the Neo4j GraphQL Library (@neo4j/graphql) served by graphql-yoga over the
// hub's graph, with the type definitions of typedefs.graphql.
//
//   node server.mjs [--port N] [--workers N]
//
// Environment: NEO4J_URI (bolt://127.0.0.1:7687), NEO4J_USER and NEO4J_PASSWORD (no
// auth when unset), NEO4J_DATABASE (neo4j), PEER_PORT, PEER_WORKERS (1). With more
// than one worker, node:cluster forks that many processes sharing the port (the
// primary only forks and restarts nothing). Prints "peer: listening on <port>" once
// every worker listens.
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { port: { type: "string" }, workers: { type: "string" } },
});
const port = Number(values.port ?? process.env.PEER_PORT ?? 4000);
const workers = Math.max(1, Number(values.workers ?? process.env.PEER_WORKERS ?? 1));

async function serve() {
  const { Neo4jGraphQL } = await import("@neo4j/graphql");
  const { createYoga } = await import("graphql-yoga");
  const neo4j = (await import("neo4j-driver")).default;

  const uri = process.env.NEO4J_URI ?? "bolt://127.0.0.1:7687";
  const user = process.env.NEO4J_USER;
  const auth = user ? neo4j.auth.basic(user, process.env.NEO4J_PASSWORD ?? "") : undefined;
  const driver = neo4j.driver(uri, auth, { disableLosslessIntegers: true });
  const typeDefs = readFileSync(new URL("./typedefs.graphql", import.meta.url), "utf8");
  const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
  const database = process.env.NEO4J_DATABASE ?? "neo4j";
  const yoga = createYoga({
    schema,
    graphiql: false,
    logging: false,
    landingPage: false,
    context: () => ({ sessionConfig: { database } }),
  });
  const server = createServer(yoga);
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  if (cluster.isWorker) process.send?.("listening");
  else console.log(`peer: listening on ${port}`);
  const stop = async () => {
    server.close();
    await driver.close();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork();
    worker.on("message", (message) => {
      if (message === "listening" && ++ready === workers) console.log(`peer: listening on ${port}`);
    });
  }
  cluster.on("exit", (worker, code) => {
    console.error(`peer: worker ${worker.process.pid} exited (${code})`);
  });
  const stop = () => {
    for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
