// A plugin whose method has an English label only: refused, none of its methods kept.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

namespace {
class Nothing final : public jalon::plugin::IndicatorMethod {
public:
    jalon::plugin::MethodResult compute(const jalon::plugin::MethodInput&) const override {
        return {};
    }
};
} // namespace

JALON_PLUGIN("unlabelled", "1.0.0");

void jalon_register_plugin(jalon::plugin::MethodRegistrar& registrar) {
    jalon::plugin::MethodSpec spec;
    spec.name = "english_only";
    spec.label.en = "English only";
    registrar.add(std::move(spec), std::make_unique<Nothing>());
}
