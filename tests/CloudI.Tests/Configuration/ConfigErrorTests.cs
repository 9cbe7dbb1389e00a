using CloudI.Configuration;

namespace CloudI.Tests.Configuration;

/// <summary>Every error reason at least once, each pointing at the offending term ('⟨' marks where).</summary>
public sealed class ConfigErrorTests
{
    public static TheoryData<string, string> Cases => new()
    {
        // top level
        { "⟨{foo, []}.", "configuration_invalid" },
        { "{acl, []}.\n⟨{acl, []}.", "configuration_invalid" },
        { "⟨[acl].", "configuration_invalid" },

        // acl section
        { "{acl, [{a, [⟨\"/x/**\"]}]}.", "acl_invalid" },
        { "{acl, [{a, [⟨\"\"]}]}.", "acl_invalid" },
        { "{acl, [{a, [⟨42]}]}.", "acl_invalid" },
        { "{acl, [⟨{\"a\", []}]}.", "acl_invalid" },
        { "{acl, ⟨foo}.", "acl_invalid" },
        { "{acl, [{a, [\"/a/\"]}, {⟨a, []}]}.", "acl_invalid" },
        { "{acl, [{a, [b]}, {b, [⟨a]}]}.", "acl_cyclic" },
        { "{acl, [{a, [⟨a]}]}.", "acl_cyclic" },
        { "{acl, [{a, [⟨zzz]}]}.", "acl_not_found" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, [⟨missing], undefined, 1, 5, 300, []}"), "acl_not_found" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, [⟨\"/a**\"], 1, 5, 300, []}"), "acl_invalid" },

        // service forms
        { ConfigText.Services("⟨{other, 1}"), "service_invalid" },
        { ConfigText.Services("⟨[{prefix, \"/a/\"}]"), "service_invalid" },
        { ConfigText.Services("⟨[{module, m}, {file_path, \"/bin/x\"}]"), "service_invalid" },
        { ConfigText.Services("⟨[{type, external}, {module, m}]"), "service_invalid" },
        { ConfigText.Services("⟨[]"), "service_invalid" },
        { "{services, ⟨foo}.", "service_invalid" },
        { ConfigText.Services("⟨{internal, \"/a/\"}"), "service_internal_invalid" },
        { ConfigText.Services("[{module, m}, ⟨{env, []}]"), "service_internal_invalid" },
        { ConfigText.Services("[{module, m}, {prefix, \"/a/\"}, ⟨{prefix, \"/b/\"}]"), "service_internal_invalid" },
        { ConfigText.Services("[{module, m}, ⟨oops]"), "service_internal_invalid" },
        { ConfigText.Services("⟨{external, \"/a/\"}"), "service_external_invalid" },
        { ConfigText.Services("[{file_path, \"/bin/x\"}, ⟨{module_name, m}]"), "service_external_invalid" },

        // internal tuple fields
        { ConfigText.Services(ConfigText.Internal(prefix: "⟨\"/a/**\"")), "service_internal_prefix_invalid" },
        { ConfigText.Services(ConfigText.Internal(prefix: "⟨a")), "service_internal_prefix_invalid" },
        // `?` is a wildcard for the runtime's matcher: "?*" could never be subscribed.
        { ConfigText.Services(ConfigText.Internal(prefix: "⟨\"/a/?*\"")), "service_internal_prefix_invalid" },
        { ConfigText.Services("{internal, \"/p/\", ⟨42, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, []}"), "service_internal_module_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, ⟨foo, immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, []}"), "service_internal_args_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], ⟨lazy_bogus, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, []}"), "service_internal_dest_refresh_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, ⟨100, 5000, 5000, undefined, undefined, 1, 5, 300, []}"), "service_internal_timeout_init_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, ⟨4294967196, 5000, undefined, undefined, 1, 5, 300, []}"), "service_internal_timeout_async_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, ⟨5000.0, undefined, undefined, 1, 5, 300, []}"), "service_internal_timeout_sync_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, ⟨foo, undefined, 1, 5, 300, []}"), "service_internal_dest_list_deny_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, [⟨{a}], undefined, 1, 5, 300, []}"), "service_internal_dest_list_deny_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], none, 5000, 5000, 5000, ⟨[], undefined, 1, 5, 300, []}"), "service_internal_dest_list_deny_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], none, 5000, 5000, 5000, undefined, ⟨[\"/a/\"], 1, 5, 300, []}"), "service_internal_dest_list_allow_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, ⟨0, 5, 300, []}"), "service_internal_count_process_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, ⟨-0.5, 5, 300, []}"), "service_internal_count_process_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, ⟨-1, 300, []}"), "service_internal_max_r_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, ⟨x, []}"), "service_internal_max_t_invalid" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 100, ⟨1, []}"), "service_internal_max_t_increase" },
        { ConfigText.Services("{internal, \"/p/\", m, [], immediate_closest, 5000, 5000, 5000, undefined, undefined, 1, 5, 300, ⟨foo}"), "service_internal_options_invalid" },

        // external tuple fields
        { ConfigText.Services("{external, ⟨\"\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_prefix_invalid" },
        { ConfigText.Services("{external, \"/p/\", ⟨bar, \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_file_path_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", ⟨[a], [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_args_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [⟨{\"A\", 1}], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_env_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", ⟨x, immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_env_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], ⟨\"lazy_closest\", default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_dest_refresh_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, ⟨sctp, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_protocol_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, ⟨1023, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_buffer_size_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, ⟨0, 5000, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_timeout_init_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, ⟨101.5, 5000, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_timeout_async_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, ⟨infinity, undefined, undefined, 1, 1, 5, 300, []}"), "service_external_timeout_sync_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], none, default, default, 5000, 5000, 5000, ⟨[a], undefined, 1, 1, 5, 300, []}"), "service_external_dest_list_deny_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, ⟨\"/a/\", 1, 1, 5, 300, []}"), "service_external_dest_list_allow_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, ⟨{x}, 1, 1, 5, 300, []}"), "service_external_dest_list_allow_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, ⟨99999999999, 1, 5, 300, []}"), "service_external_count_process_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, ⟨0.0, 5, 300, []}"), "service_external_count_thread_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, ⟨1.0, 300, []}"), "service_external_max_r_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, ⟨-300, []}"), "service_external_max_t_invalid" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 20, ⟨2, []}"), "service_external_max_t_increase" },
        { ConfigText.Services("{external, \"/p/\", \"/bin/x\", \"\", [], immediate_closest, default, default, 5000, 5000, 5000, undefined, undefined, 1, 1, 5, 300, ⟨{}}"), "service_external_options_invalid" },

        // options: structure
        { ConfigText.Services(ConfigText.Internal("[⟨{bogus, 1}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[⟨bogus]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{scope, a}, ⟨{scope, b}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[⟨{limit, []}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[⟨{api_version, \"1.5.3\"}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.External("[⟨{duo_mode, true}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.External("[⟨{aspects_info_before, []}]")), "service_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("⟨[{duo_mode, true}, {info_pid_uses, 2}]")), "service_options_invalid" },

        // options: values
        { ConfigText.Services(ConfigText.Internal("[{priority_default, ⟨128}]")), "service_options_priority_default_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{queue_limit, ⟨-1}]")), "service_options_queue_limit_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{queue_size, ⟨0}]")), "service_options_queue_size_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{rate_request_max, ⟨0}]")), "service_options_rate_request_max_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{rate_request_max, [⟨{periods, 5}]}]")), "service_options_rate_request_max_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{dest_refresh_start, ⟨100}]")), "service_options_dest_refresh_start_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{dest_refresh_delay, ⟨4294967296}]")), "service_options_dest_refresh_delay_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{request_name_lookup, ⟨later}]")), "service_options_request_name_lookup_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{request_timeout_adjustment, ⟨yes}]")), "service_options_request_timeout_adjustment_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{request_timeout_immediate_max, ⟨limit_max}]")), "service_options_request_timeout_immediate_max_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{response_timeout_adjustment, ⟨1}]")), "service_options_response_timeout_adjustment_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{response_timeout_immediate_max, ⟨-1}]")), "service_options_response_timeout_immediate_max_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{count_process_dynamic, ⟨true}]")), "service_options_count_process_dynamic_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{count_process_dynamic, ⟨[{rate_request_min, 2000}]}]")), "service_options_count_process_dynamic_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{count_process_dynamic, [{count_min, ⟨0}]}]")), "service_options_count_process_dynamic_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{timeout_terminate, ⟨9}]")), "service_options_timeout_terminate_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{timeout_terminate, ⟨60000}]")), "service_options_timeout_terminate_decrease" },
        { ConfigText.Services(ConfigText.Internal("[{scope, ⟨\"web\"}]")), "service_options_scope_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_latency, ⟨true}]")), "service_options_monkey_latency_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_latency, ⟨[{time_uniform_min, 20}, {time_uniform_max, 10}]}]")), "service_options_monkey_latency_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_latency, ⟨[{time_absolute, 20}, {time_gaussian_mean, 10}, {time_gaussian_stddev, 1}]}]")), "service_options_monkey_latency_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_latency, [{time_absolute, ⟨0}]}]")), "service_options_monkey_latency_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_chaos, [{probability_request, ⟨1.5}]}]")), "service_options_monkey_chaos_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{monkey_chaos, ⟨[]}]")), "service_options_monkey_chaos_invalid" },
        { ConfigText.Services(ConfigText.External("[{limit, [⟨{stacks, 1}]}]")), "service_options_limit_invalid" },
        { ConfigText.Services(ConfigText.External("[{limit, [{stack, ⟨[{current, 10}, {maximum, 5}]}]}]")), "service_options_limit_invalid" },
        { ConfigText.Services(ConfigText.External("[{limit, [{nofile, [{current, ⟨-1}]}]}]")), "service_options_limit_invalid" },
        { ConfigText.Services(ConfigText.External("[{owner, [{user, ⟨0}]}]")), "service_options_owner_invalid" },
        { ConfigText.Services(ConfigText.External("[{owner, [⟨{uid, 5}]}]")), "service_options_owner_invalid" },
        { ConfigText.Services(ConfigText.External("[{directory, ⟨\"\"}]")), "service_options_directory_invalid" },
        { ConfigText.Services(ConfigText.External("[{api_version, ⟨'1.5.3'}]")), "service_options_api_version_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{aspects_init_after, ⟨{m, f}}]")), "service_options_aspects_init_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{aspects_request_after, ⟨x}]")), "service_options_aspects_request_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{aspects_info_after, ⟨x}]")), "service_options_aspects_info_invalid" },
        { ConfigText.Services(ConfigText.External("[{aspects_terminate_before, ⟨x}]")), "service_options_aspects_terminate_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{duo_mode, ⟨sometimes}]")), "service_options_duo_mode_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{hibernate, [{period, ⟨0}]}]")), "service_options_hibernate_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{reload, ⟨[]}]")), "service_options_reload_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{application_name, ⟨\"app\"}]")), "service_options_application_name_invalid" },
        { ConfigText.Services(ConfigText.External("[{automatic_loading, ⟨undefined}]")), "service_options_automatic_loading_invalid" },
        { ConfigText.Services(ConfigText.External("[{dispatcher_pid_options, [⟨{heap, 1}]}]")), "service_options_dispatcher_pid_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{init_pid_options, ⟨x}]")), "service_options_init_pid_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{request_pid_uses, ⟨0}]")), "service_options_request_pid_uses_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{request_pid_options, [⟨spawn]}]")), "service_options_request_pid_options_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{info_pid_uses, ⟨infinite}]")), "service_options_info_pid_uses_invalid" },
        { ConfigText.Services(ConfigText.Internal("[{info_pid_options, ⟨{}}]")), "service_options_info_pid_options_invalid" },

        // nodes and logging
        { "{nodes, [⟨foo]}.", "node_invalid" },
        { "{nodes, ⟨\"host\"}.", "node_invalid" },
        { "{nodes, [⟨{bogus, 1}]}.", "node_invalid" },
        { "{logging, [⟨{bogus, 1}]}.", "logging_invalid" },
        { "{logging, ⟨info}.", "logging_invalid" },
        { "{logging, [{level, ⟨undefined}]}.", "logging_level_invalid" },
        { "{logging, [{file, ⟨1}]}.", "logging_file_invalid" },
        { "{logging, [{syslog, ⟨[{facility, bogus}]}]}.", "logging_syslog_invalid" },
        { "{logging, [{syslog, ⟨\"CloudI\"}]}.", "logging_syslog_invalid" },
        { "{logging, [{syslog, ⟨[{level, loud}, {identity, \"x\"}]}]}.", "logging_syslog_invalid" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_error_names_its_reason_and_the_offending_term(string markedText, string reason) =>
        ConfigText.AssertFails(markedText, reason);

    [Fact]
    public void The_message_shows_file_line_column_reason_and_term()
    {
        var error = ConfigText.AssertFails(ConfigText.Services(ConfigText.Internal("[{priority_default, ⟨128}]")), "service_options_priority_default_invalid");
        Assert.Equal("test.conf:3:122: service_options_priority_default_invalid: 128 (expected an integer in -128..127)", error.Message);
        Assert.Equal(Erlang.Terms.ErlangInteger.From(128), error.Term);
    }

    [Fact]
    public void A_term_without_a_position_falls_back_to_its_service()
    {
        // MaxT is left out, so its default (300) has no position and the service's is used.
        var error = Assert.Throws<CloudIConfigException>(() =>
            ConfigText.Parse(ConfigText.Services("[{type, external}, {file_path, \"/bin/x\"}, {max_r, 3000}]")));
        Assert.Equal("service_external_max_t_increase", error.Reason);
        Assert.Equal((3, 5), (error.Line, error.Column));
        Assert.StartsWith("test.conf:3:5: service_external_max_t_increase: 300", error.Message);
    }
}
