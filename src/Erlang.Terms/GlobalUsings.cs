global using Erlang.Terms.Internal;
