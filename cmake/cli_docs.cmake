# Generates hactl's man page and shell completions from the built binary's own
# help, so neither can drift from the command line:
#  - OUT_DIR/hactl.1.gz: help2man on `hactl --help` and `hactl --version`,
#    with a COMMANDS section holding each `hactl COMMAND --help` as printed
#    (only when HELP2MAN is set);
#  - OUT_DIR/hactl.bash and OUT_DIR/_hactl: the templates in completions/,
#    filled with the subcommands, each one's options, which options take a
#    value (and its choices, for `TYPE:{a,b}`), and which commands take files.
#   cmake -DHACTL=build/hactl -DSOURCE_DIR=. -DOUT_DIR=build/share [-DHELP2MAN=/usr/bin/help2man]
#         -P cmake/cli_docs.cmake

cmake_minimum_required(VERSION 3.25)

# Options whose value is a file (completed as file names); every other option
# with a TYPE is completed with its choices or nothing.
set(file_options -o --out)

function(run_help out_var)
  execute_process(COMMAND ${HACTL} ${ARGN} --help OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${HACTL} ${ARGN} --help failed (${rc})")
  endif()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# Splits help text into a list of lines; ; [ ] are replaced by placeholders so
# that CMake's list handling leaves them alone (see restore()).
function(help_lines out_var text)
  string(REPLACE ";" "__SEMI__" text "${text}")
  string(REPLACE "[" "__LB__" text "${text}")
  string(REPLACE "]" "__RB__" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

function(restore out_var text)
  string(REPLACE "__SEMI__" ";" text "${text}")
  string(REPLACE "__LB__" "[" text "${text}")
  string(REPLACE "__RB__" "]" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The entries of one section ("Subcommands:", "Options:", "Positionals:") of
# CLI11's help: lines "  NAMES[ TYPE]   DESCRIPTION", the description maybe on
# the next lines, indented. Sets <prefix>_names (a list of indices) and, per
# index i, <prefix>_<i>_head (NAMES) <prefix>_<i>_type, <prefix>_<i>_desc.
function(parse_section prefix text section)
  help_lines(lines "${text}")
  set(in FALSE)
  set(n 0)
  set(indices "")
  foreach(line IN LISTS lines)
    if(line STREQUAL "${section}")
      set(in TRUE)
      continue()
    endif()
    if(NOT in)
      continue()
    endif()
    if(line STREQUAL "")
      break()
    endif()
    if(NOT line MATCHES "^   " AND line MATCHES "^  ([^ ]+)(.*)$")
      math(EXPR n "${n} + 1")
      list(APPEND indices ${n})
      set(head "${CMAKE_MATCH_1}")
      set(rest "${CMAKE_MATCH_2}")
      set(type "")
      set(desc "")
      if(rest MATCHES "^ ([^ ]+( [^ ]+)*)(  +(.*))?$")
        set(type "${CMAKE_MATCH_1}")
        set(desc "${CMAKE_MATCH_4}")
      elseif(rest MATCHES "^  +(.*)$")
        set(desc "${CMAKE_MATCH_1}")
      endif()
      set(${prefix}_${n}_head "${head}" PARENT_SCOPE)
      set(${prefix}_${n}_type "${type}" PARENT_SCOPE)
      set(current_desc "${desc}")
    elseif(line MATCHES "^ +(.*)$" AND n GREATER 0)
      if(current_desc STREQUAL "")
        set(current_desc "${CMAKE_MATCH_1}")
      else()
        set(current_desc "${current_desc} ${CMAKE_MATCH_1}")
      endif()
    endif()
    if(n GREATER 0)
      set(${prefix}_${n}_desc "${current_desc}" PARENT_SCOPE)
    endif()
  endforeach()
  set(${prefix}_names "${indices}" PARENT_SCOPE)
endfunction()

# roff for text printed as is (no-fill): backslashes, leading dots and quotes,
# and hyphens as ASCII minus signs.
function(roff_literal out_var text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# zsh _arguments description: in single quotes, without the brackets and
# colons that _arguments reads.
function(zsh_desc out_var text)
  restore(text "${text}")
  string(REPLACE "'" "'\\''" text "${text}")
  string(REPLACE "[" "(" text "${text}")
  string(REPLACE "]" ")" text "${text}")
  string(REPLACE ":" " -" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

run_help(top_help)
parse_section(cmd "${top_help}" "Subcommands:")
if(cmd_names STREQUAL "")
  message(FATAL_ERROR "no subcommands found in `${HACTL} --help`")
endif()

set(commands "")
set(man_commands "[COMMANDS]\nEach command's \\fB\\-\\-help\\fR, as \\fBhactl\\fR prints it.\n")
set(bash_options "")
set(bash_values "")
set(bash_files "")
set(zsh_commands "")
set(zsh_cases "")
foreach(i IN LISTS cmd_names)
  set(name "${cmd_${i}_head}")
  list(APPEND commands "${name}")
  zsh_desc(summary "${cmd_${i}_desc}")
  string(APPEND zsh_commands "    '${name}:${summary}'\n")

  run_help(help ${name})
  roff_literal(literal "${help}")
  string(APPEND man_commands ".SS \"hactl ${name}\"\n.nf\n${literal}.fi\n")

  parse_section(opt "${help}" "Options:")
  set(names "")
  set(zsh_specs "")
  foreach(j IN LISTS opt_names)
    restore(head "${opt_${j}_head}")
    restore(type "${opt_${j}_type}")
    string(REPLACE "," ";" option_names "${head}")
    zsh_desc(desc "${opt_${j}_desc}")
    set(value "")
    set(zsh_value "")
    if(NOT type STREQUAL "")
      set(value value)
      set(zsh_value ":value: ")
      if(type MATCHES "\\{([^}]*)\\}")
        string(REPLACE "," " " choices "${CMAKE_MATCH_1}")
        set(value "choices ${choices}")
        set(zsh_value ":value:(${choices})")
      endif()
      foreach(o IN LISTS option_names)
        if(o IN_LIST file_options)
          set(value file)
          set(zsh_value ":file:_files")
        endif()
      endforeach()
    endif()
    foreach(o IN LISTS option_names)
      list(APPEND names "${o}")
      if(NOT value STREQUAL "")
        string(APPEND bash_values "    '${name} ${o}') echo '${value}' ;;\n")
      endif()
      string(APPEND zsh_specs "        '${o}[${desc}]${zsh_value}' \\\n")
    endforeach()
  endforeach()
  string(REPLACE ";" " " names "${names}")
  string(APPEND bash_options "    ${name}) echo '${names}' ;;\n")

  # Files: a command with positionals takes pair files; one whose positional
  # names a .json file takes saved plans as well.
  parse_section(pos "${help}" "Positionals:")
  if(NOT pos_names STREQUAL "")
    set(exts "yaml|yml")
    foreach(j IN LISTS pos_names)
      if(pos_${j}_head MATCHES "json")
        set(exts "yaml|yml|json")
      endif()
    endforeach()
    string(APPEND bash_files "    ${name}) echo '${exts}' ;;\n")
    string(REPLACE "|" " " zsh_exts "${exts}")
    string(REPLACE " " "|" zsh_exts "${zsh_exts}")
    string(APPEND zsh_specs "        '*:file:_files -g \"*.(${zsh_exts})\"' \\\n")
  endif()
  string(APPEND zsh_cases "    (${name})\n      _arguments -s \\\n${zsh_specs}        && ret=0\n      ;;\n")
endforeach()
string(REPLACE ";" " " commands "${commands}")

set(HACTL_COMMANDS "${commands}")
set(HACTL_BASH_OPTIONS "${bash_options}")
set(HACTL_BASH_VALUES "${bash_values}")
set(HACTL_BASH_FILES "${bash_files}")
set(HACTL_ZSH_COMMANDS "${zsh_commands}")
set(HACTL_ZSH_CASES "${zsh_cases}")
configure_file(${SOURCE_DIR}/completions/hactl.bash.in ${OUT_DIR}/hactl.bash @ONLY)
configure_file(${SOURCE_DIR}/completions/_hactl.zsh.in ${OUT_DIR}/_hactl @ONLY)

if(HELP2MAN)
  string(APPEND man_commands "
[FILES]
.TP
.I /usr/share/hactl/schemas/
JSON Schemas: the pair file (hapair.schema.json) and the JSON documents hactl prints.
.TP
.I /usr/share/doc/hactl/examples/
Example pair files.
.TP
.I ~/.ssh/known_hosts
The host keys hactl trusts.

[SEE ALSO]
.BR ssh (1),
.BR ssh_config (5)
")
  file(WRITE ${OUT_DIR}/hactl.h2m "${man_commands}")
  execute_process(
    COMMAND ${HELP2MAN} --no-info --section=1
            "--name=declarative setup of an Alation Data Catalog HA pair"
            --include=${OUT_DIR}/hactl.h2m --output=${OUT_DIR}/hactl.1 ${HACTL}
    RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "help2man failed (${rc})")
  endif()
  execute_process(COMMAND gzip -9nf ${OUT_DIR}/hactl.1 RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip failed (${rc})")
  endif()
endif()
