// A shared library that is not a Jalon plugin.
extern "C" __attribute__((visibility("default"))) int some_function() {
    return 42;
}
