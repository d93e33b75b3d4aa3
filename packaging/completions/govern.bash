# bash completion for govern and govern-lint.
# Subcommands and options come from `govern ... --help` itself, so they never
# drift from the program; file names are completed for everything else.
_govern_help_words() {  # CMD... -> subcommands and long options of that command
  "$@" --help 2>/dev/null | awk '
    /^Subcommands:/ { sub_ = 1; next }
    /^[A-Za-z]/ { sub_ = 0 }
    sub_ && /^  [a-z]/ { print $1 }
    /^  -/ { for (i = 1; i <= NF; i++) { n = split($i, parts, ","); for (k = 1; k <= n; k++) if (parts[k] ~ /^--[a-z]/) print parts[k] } }'
}

_govern() {
  local cur prog words i cmd=()
  cur=${COMP_WORDS[COMP_CWORD]}
  prog=${COMP_WORDS[0]}
  # The command path typed so far: govern catalog discover ...
  cmd=("$prog")
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      -*) break ;;
      *) if _govern_help_words "${cmd[@]}" | grep -qx -- "${COMP_WORDS[i]}"; then cmd+=("${COMP_WORDS[i]}"); else break; fi ;;
    esac
  done
  case ${COMP_WORDS[COMP_CWORD - 1]} in
    --format)
      words=$("${cmd[@]}" --help 2>/dev/null | sed -n 's/.*--format TEXT:{\([^}]*\)}.*/\1/p' | tr ',' ' ')
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
      return ;;
    --config | --catalog | --bundle | --policy | --policies | --file | --baseline | --write-baseline | -o | --output | --sign | --verify-key)
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
  esac
  words=$(_govern_help_words "${cmd[@]}")
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$(grep -- '^-' <<<"$words")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(grep -v -- '^-' <<<"$words")" -- "$cur") $(compgen -f -- "$cur"))
  fi
}
complete -F _govern govern govern-lint
