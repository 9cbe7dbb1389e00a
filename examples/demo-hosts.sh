#!/bin/sh
# Hosts registry filler for the demo: one host, "demo", served by the test harpd on 4306.
echo '{"hostname": "demo", "address": "127.0.0.1", "port": 4306, "credentials": {"user": "rpc", "password": "secret"}}'
