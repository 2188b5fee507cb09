# Writes OUT, a C file defining `const struct embedded_file SYMBOL[]` with
# the name and contents of each of FILES, ended by a {NULL, NULL, 0} entry.
# A file's name is its name without directory, or with BASE set its path
# relative to BASE (web/js/app.js under BASE web/ is "js/app.js").
set(body "#include <stddef.h>\n#include \"util/embed.h\"\n\n")
set(entries "")
set(i 0)
foreach(f IN LISTS FILES)
  if(DEFINED BASE)
    file(RELATIVE_PATH name ${BASE} ${f})
  else()
    get_filename_component(name ${f} NAME)
  endif()
  file(READ ${f} hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND body "static const char ${SYMBOL}_${i}[] = {${bytes}0x00};\n")
  string(APPEND entries "\t{\"${name}\", ${SYMBOL}_${i}, ${len}},\n")
  math(EXPR i "${i} + 1")
endforeach()
string(APPEND body "\nconst struct embedded_file ${SYMBOL}[] = {\n${entries}\t{NULL, NULL, 0},\n};\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
