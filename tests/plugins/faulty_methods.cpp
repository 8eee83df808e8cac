// Methods that fail at compute time: one throws, one returns NaN, one infinity; one is fine.
#include <jalon/plugin/abi.hpp>
#include <jalon/plugin/registrar.hpp>

#include <limits>
#include <stdexcept>

namespace {

using namespace jalon::plugin;

class Explode final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput& input) const override {
        throw std::logic_error("division by the moon at " + input.territory);
    }
};

class NotANumber final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput&) const override {
        return {std::numeric_limits<double>::quiet_NaN(), {}, ""};
    }
};

class Infinite final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput&) const override {
        return {std::numeric_limits<double>::infinity(), {}, ""};
    }
};

class Answer final : public IndicatorMethod {
public:
    MethodResult compute(const MethodInput&) const override { return {42.0, {}, ""}; }
};

MethodSpec named(const char* name) {
    MethodSpec spec;
    spec.name = name;
    spec.label = {"Méthode de test", "Test method"};
    spec.description.en = "a faulty method for tests";
    return spec;
}

} // namespace

JALON_PLUGIN("faulty", "0.1.0");

void jalon_register_plugin(MethodRegistrar& registrar) {
    registrar.add(named("explode"), std::make_unique<Explode>());
    registrar.add(named("not_a_number"), std::make_unique<NotANumber>());
    registrar.add(named("infinite"), std::make_unique<Infinite>());
    registrar.add(named("answer"), std::make_unique<Answer>());
}
