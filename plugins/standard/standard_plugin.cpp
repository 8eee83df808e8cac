// The standard plugin: the methods most indicators need, loaded through the same seam as any other.
#include "standard_methods.hpp"

#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

JALON_PLUGIN("standard", "1.0.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
    using namespace jalon::standard;
    std::vector<Registration> all = rolled_value_methods();
    for (auto& r : ratio_methods())
        all.push_back(std::move(r));
    for (auto& r : trend_methods())
        all.push_back(std::move(r));
    all.push_back(milestone_method());
    for (auto& [spec, method] : all)
        registrar.add(std::move(spec), std::move(method));
}
