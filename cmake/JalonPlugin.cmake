# jalon_add_plugin(<target> SOURCES <file>... [OUTPUT_DIRECTORY <dir>] [INSTALL_DESTINATION <dir>])
#
# Builds a Jalon indicator plugin: a MODULE library named <target>.so, compiled as Jalon is
# (C++20, hidden visibility) against the Jalon headers. INSTALL_DESTINATION defaults to the
# plugin directory of the Jalon it is built against.
function(jalon_add_plugin target)
  cmake_parse_arguments(PLUGIN "" "OUTPUT_DIRECTORY;INSTALL_DESTINATION" "SOURCES" ${ARGN})
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "jalon_add_plugin(${target}): no SOURCES")
  endif()
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE Jalon::jalon)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_STANDARD 20
    CXX_STANDARD_REQUIRED ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(PLUGIN_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${PLUGIN_OUTPUT_DIRECTORY}")
  endif()
  if(NOT PLUGIN_INSTALL_DESTINATION AND DEFINED JALON_PLUGIN_DIR)
    set(PLUGIN_INSTALL_DESTINATION "${JALON_PLUGIN_DIR}")
  endif()
  if(PLUGIN_INSTALL_DESTINATION)
    install(TARGETS ${target} LIBRARY DESTINATION "${PLUGIN_INSTALL_DESTINATION}")
  endif()
endfunction()
