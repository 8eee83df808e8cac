// A plugin whose static constructor ends the process with status 0 when it is loaded, before any
// of its C++ is called by the host.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <cstdlib>

namespace {

const int ends_at_load = [] {
    std::exit(0);
    return 0;
}();

} // namespace

JALON_PLUGIN("exiting-on-load", "0.1.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar&) {}
