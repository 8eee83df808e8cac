#pragma once
/// @file
/// The binary contract between Jalon and a plugin library: an ABI record and one entry point,
/// both with C linkage, that the host reads before it calls any C++ code of the plugin.
///
/// A plugin source file uses the macro once:
/// @code
/// JALON_PLUGIN("my-plugin", "1.0.0");
/// void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
///     registrar.add(spec, std::make_unique<MyMethod>());
/// }
/// @endcode

#include <jalon/version.hpp>

#include <boost/config.hpp>

#include <cstdint>

/// Version of the plugin interface; bumped whenever a plugin must be rebuilt.
///   1  first interface
///   2  method labels, descriptions, parameter descriptions and result notes in French and in
///      English (plugin::Wording); a method may answer "not applicable at this territory"
///      (MethodResult::not_applicable) and knows when a territory lies within the kinds a data
///      need is restricted to (YearlyValues::within_kinds)
#define JALON_PLUGIN_ABI_VERSION 2

#define JALON_PLUGIN_STRINGIFY_(x) #x
#define JALON_PLUGIN_STRINGIFY(x) JALON_PLUGIN_STRINGIFY_(x)

/// The compiler and standard library a binary was built with; C++ objects only cross the seam
/// between binaries that agree on it.
#if defined(__clang__)
#define JALON_PLUGIN_COMPILER "clang-" JALON_PLUGIN_STRINGIFY(__clang_major__)
#elif defined(__GNUC__)
#define JALON_PLUGIN_COMPILER "gcc-" JALON_PLUGIN_STRINGIFY(__GNUC__)
#else
#define JALON_PLUGIN_COMPILER "unknown"
#endif
#if defined(_GLIBCXX_RELEASE)
#define JALON_PLUGIN_STDLIB "libstdc++-" JALON_PLUGIN_STRINGIFY(_GLIBCXX_RELEASE)
#elif defined(_LIBCPP_VERSION)
#define JALON_PLUGIN_STDLIB "libc++-" JALON_PLUGIN_STRINGIFY(_LIBCPP_VERSION)
#else
#define JALON_PLUGIN_STDLIB "unknown"
#endif

extern "C" {

/// Plain-C description of a plugin, exported as the symbol `jalon_plugin_abi`.
struct JalonPluginAbi {
    std::uint32_t abi_version; ///< JALON_PLUGIN_ABI_VERSION the plugin was built with
    std::uint32_t jalon_major; ///< Jalon version of the headers the plugin was built with
    std::uint32_t jalon_minor;
    char compiler[32]; ///< JALON_PLUGIN_COMPILER
    char stdlib[32];   ///< JALON_PLUGIN_STDLIB
    char name[64];     ///< the plugin's name, e.g. "standard"
    char version[32];  ///< the plugin's own version, e.g. "1.0.0"
};
}

namespace jalon::plugin {
class MethodRegistrar;
}

/// Name of the exported ABI record and of the registration entry point.
#define JALON_PLUGIN_ABI_SYMBOL "jalon_plugin_abi"
#define JALON_PLUGIN_ENTRY_SYMBOL "jalon_register_plugin"

/// Declares a plugin: defines and exports its ABI record and declares its entry point with C
/// linkage; the plugin then defines `void jalon_register_plugin(jalon::plugin::MethodRegistrar&)`.
#define JALON_PLUGIN(NAME, VERSION)                                                                \
    extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi;                          \
    extern "C" BOOST_SYMBOL_EXPORT const JalonPluginAbi jalon_plugin_abi = {                       \
        JALON_PLUGIN_ABI_VERSION,                                                                  \
        JALON_VERSION_MAJOR,                                                                       \
        JALON_VERSION_MINOR,                                                                       \
        JALON_PLUGIN_COMPILER,                                                                     \
        JALON_PLUGIN_STDLIB,                                                                       \
        NAME,                                                                                      \
        VERSION};                                                                                  \
    extern "C" BOOST_SYMBOL_EXPORT void jalon_register_plugin(                                     \
        ::jalon::plugin::MethodRegistrar& registrar)
