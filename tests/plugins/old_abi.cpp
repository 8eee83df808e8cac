// A plugin built against the previous plugin ABI (its record has the same layout, an older
// version): refused before any of its C++ is called, with a sentence saying to rebuild it.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <cstdlib>

extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi;
extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi = {JALON_PLUGIN_ABI_VERSION -
                                                                            1,
                                                                        JALON_VERSION_MAJOR,
                                                                        JALON_VERSION_MINOR,
                                                                        JALON_PLUGIN_COMPILER,
                                                                        JALON_PLUGIN_STDLIB,
                                                                        "old-abi",
                                                                        "1.0.0"};

extern "C" BOOST_SYMBOL_EXPORT void jalon_register_plugin(jalon::plugin::MethodRegistrar&) {
    std::abort(); // the host must never get here
}
