// A plugin built for another ABI version: refused before any of its C++ is called.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <cstdlib>

extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi;
extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi = {999,
                                                                        JALON_VERSION_MAJOR,
                                                                        JALON_VERSION_MINOR,
                                                                        JALON_PLUGIN_COMPILER,
                                                                        JALON_PLUGIN_STDLIB,
                                                                        "wrong-abi",
                                                                        "1.0.0"};

extern "C" BOOST_SYMBOL_EXPORT void jalon_register_plugin(jalon::plugin::MethodRegistrar&) {
    std::abort(); // the host must never get here
}
