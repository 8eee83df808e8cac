#pragma once
/// @file
/// The object a plugin receives at load time to register its indicator methods.

#include <jalon/plugin/indicator_method.hpp>

#include <boost/config.hpp>

#include <memory>

namespace jalon::plugin {

/// Passed by the host to the plugin's entry point. Every method the plugin offers is registered
/// here, explicitly; nothing is registered by static initialisers. If the entry point throws, none
/// of the plugin's methods is kept.
class BOOST_SYMBOL_VISIBLE MethodRegistrar {
public:
    /// Offers a method under `spec.name`. The host keeps the plugin loaded while the object lives.
    virtual void add(MethodSpec spec, std::unique_ptr<IndicatorMethod> method) = 0;

protected:
    ~MethodRegistrar() = default;
};

} // namespace jalon::plugin
