"""ActorScope's library: load articles, score tone, find actors, count co-mentions."""
