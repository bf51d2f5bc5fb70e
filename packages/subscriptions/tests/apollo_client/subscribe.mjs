// node subscribe.mjs <ws url> <graphql-ws|legacy>: prints the first topicCreated event as JSON.
import { ApolloClient, InMemoryCache, gql } from "@apollo/client/core/index.js";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions/index.js";
import { WebSocketLink } from "@apollo/client/link/ws/index.js";
import { createClient } from "graphql-ws";
import { SubscriptionClient } from "subscriptions-transport-ws";
import WebSocket from "ws";

const [url, protocol] = process.argv.slice(2);
const link =
  protocol === "legacy"
    ? new WebSocketLink(new SubscriptionClient(url, { reconnect: false }, WebSocket))
    : new GraphQLWsLink(createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0 }));
const client = new ApolloClient({ link, cache: new InMemoryCache({ addTypename: false }) });

client
  .subscribe({ query: gql`subscription { topicCreated { event node { name } } }` })
  .subscribe({
    next(result) {
      process.stdout.write(JSON.stringify(result.data) + "\n");
      process.exit(0);
    },
    error(error) {
      process.stderr.write(String(error) + "\n");
      process.exit(1);
    },
  });
process.stdout.write("subscribing\n");
setTimeout(() => process.exit(2), 30000);
