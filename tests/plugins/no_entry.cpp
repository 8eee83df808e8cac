// An ABI record but no entry point.
#include <jalon/plugin/abi.hpp>

extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi;
extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi = {JALON_PLUGIN_ABI_VERSION,
                                                                        JALON_VERSION_MAJOR,
                                                                        JALON_VERSION_MINOR,
                                                                        JALON_PLUGIN_COMPILER,
                                                                        JALON_PLUGIN_STDLIB,
                                                                        "no-entry",
                                                                        "1.0.0"};
