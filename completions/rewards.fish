# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rewards_global_optspecs
    string join \n db= format= as-of= q/quiet y/yes h/help V/version
end

function __fish_rewards_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rewards_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rewards_using_subcommand
    set -l cmd (__fish_rewards_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rewards -n "__fish_rewards_needs_command" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_needs_command" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_needs_command" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_needs_command" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_needs_command" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_needs_command" -s V -l version -d 'Print version'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "init" -d 'Create the database and set the shop\'s currency and time zone'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "program" -d 'Create and manage referral, affiliate and points programs'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "member" -d 'Add, import, list and block members (customers and partners)'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "code" -d 'Issue, list and revoke referral and partner codes'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "import" -d 'Import orders, returns and activities from the shop\'s CSV exports'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "settle" -d 'Turn imported orders, returns and activities into ledger entries (run nightly)'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "balance" -d 'Show pending, available and paid balances and points'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "points" -d 'Redeem points'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "adjust" -d 'Credit or debit a member by hand, with a reason'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "payout" -d 'Create, export and settle payout batches'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "report" -d 'Reports for the shop owner'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "review" -d 'Rewards held for review: list, approve, reject'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "explain" -d 'Trace amounts back to orders, returns and the CSV lines they came from'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "verify" -d 'Check the ledger\'s invariants'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "demo" -d 'Walk the bundled sample data through the whole flow in a temporary database'
complete -c rewards -n "__fish_rewards_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand init" -l currency -d 'The shop\'s default currency (ISO 4217 code); none until set, and programs need one' -r
complete -c rewards -n "__fish_rewards_using_subcommand init" -l timezone -d 'The shop\'s time zone (IANA name), UTC until set; naive timestamps in CSV files are read in it' -r
complete -c rewards -n "__fish_rewards_using_subcommand init" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand init" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand init" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand init" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand init" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "create" -d 'Create a program (asks for missing values when run in a terminal)'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "list" -d 'List programs'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "show" -d 'Show one program and its rules'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "pause" -d 'Pause a program: orders placed while paused earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "resume" -d 'Resume a paused program'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "end" -d 'End a program for good: later orders earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand program; and not __fish_seen_subcommand_from create list show pause resume end help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l kind -d 'What kind of program' -r -f -a "referral\t'Customers refer friends; the referrer earns per qualifying order'
affiliate\t'Partners earn a commission on orders carrying their code'
points\t'Customers earn points for orders and activities'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l reward -d 'Referrer\'s reward per qualifying order: an amount (50), a percent (10%) or points (200pts)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l friend-reward -d 'Friend\'s discount, recorded and reported: a percent (15%) or an amount (25)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l min-order -d 'Orders below this amount earn nothing' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l window-days -d 'With --every-order: orders within N days of the customer\'s first referred order earn' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l hold-days -d 'Days a reward stays pending (the return window) [default: 14]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l cap-count -d 'At most N rewarded orders per member per calendar month' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l cap-amount -d 'At most this much reward per member per calendar month' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l tier -d 'From a member\'s Nth qualifying referral on, this reward applies (repeatable, ascending)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l points-per-unit -d 'Points per currency unit spent (points programs)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l points-expire-days -d 'Points expire this many days after they become available (after the hold)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l point-value -d 'What one point is worth, for liability reports' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l action-points -d 'Points per activity, e.g. review=50 (repeatable; points programs)' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l currency -d 'The program\'s currency [default: the shop\'s]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l starts -d 'Orders before this date earn nothing' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l ends -d 'Orders after this date earn nothing' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l first-order-only -d 'Only a referred customer\'s first order earns (default for referral programs)'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -l every-order -d 'Every order carrying the code earns (default for affiliate programs)'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from end" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a program (asks for missing values when run in a terminal)'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "list" -d 'List programs'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one program and its rules'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a program: orders placed while paused earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused program'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "end" -d 'End a program for good: later orders earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand program; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "add" -d 'Add one member'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "list" -d 'List members'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "show" -d 'Show one member, their codes and balances'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "edit" -d 'Change a member\'s name, phone, kind or payout details (the email is their identity)'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "import" -d 'Import members from a CSV file (email,name[,phone,kind,payout_method,payout_account])'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "block" -d 'Block a member: they earn nothing and are left out of payouts'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "unblock" -d 'Unblock a member'
complete -c rewards -n "__fish_rewards_using_subcommand member; and not __fish_seen_subcommand_from add list show edit import block unblock help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l name -d 'Full name' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l email -d 'Email address (the member\'s identity; stored trimmed and lower-cased)' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l phone -d 'Phone number' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l kind -d 'Customer or partner' -r -f -a "customer\t'A customer who refers friends or collects points'
partner\t'A partner (blogger, influencer, affiliate) paid commission'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l payout-method -d 'How the member is paid' -r -f -a "bank\t'Bank transfer'
paypal\t'PayPal mass payment'
store-credit\t'Store credit in the shop'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l payout-account -d 'IBAN, PayPal email or other account for payouts' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l name -d 'New full name' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l phone -d 'New phone number ("" removes it)' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l kind -d 'Customer or partner' -r -f -a "customer\t'A customer who refers friends or collects points'
partner\t'A partner (blogger, influencer, affiliate) paid commission'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l payout-method -d 'How the member is paid from now on (batches already made keep the old details)' -r -f -a "bank\t'Bank transfer'
paypal\t'PayPal mass payment'
store-credit\t'Store credit in the shop'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l payout-account -d 'IBAN, PayPal email or other account for payouts ("" removes it)' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from edit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -l rejects -d 'Write rejected rows with their reason to this CSV file' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from block" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from unblock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add one member'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "list" -d 'List members'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one member, their codes and balances'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "edit" -d 'Change a member\'s name, phone, kind or payout details (the email is their identity)'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "import" -d 'Import members from a CSV file (email,name[,phone,kind,payout_method,payout_account])'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "block" -d 'Block a member: they earn nothing and are left out of payouts'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "unblock" -d 'Unblock a member'
complete -c rewards -n "__fish_rewards_using_subcommand member; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -f -a "issue" -d 'Issue codes for one member, every member in a file, or every customer seen in orders'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -f -a "list" -d 'List codes'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -f -a "revoke" -d 'Revoke a code: orders carrying it from now on earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand code; and not __fish_seen_subcommand_from issue list revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l program -d 'Program the codes belong to' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l member -d 'Issue one code to this member (email)' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l code -d 'With --member: this vanity code instead of a random one' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l members-file -d 'Issue a code to every member listed in this CSV file (an `email` column)' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l link-base -d 'Base URL for share links; the code is appended as ?ref=CODE' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l max-uses -d 'A code is used up after this many orders' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l expires -d 'Orders after this date carrying the code earn nothing' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -l all-customers -d 'Issue a code to every customer seen in imported orders (members are created as needed)'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -l program -d 'Only this program\'s codes' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "issue" -d 'Issue codes for one member, every member in a file, or every customer seen in orders'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "list" -d 'List codes'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a code: orders carrying it from now on earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand code; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -f -a "orders" -d 'Import an orders export'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -f -a "returns" -d 'Import a returns / refunds export'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -f -a "activities" -d 'Import activities (signup, review, share, ...) for points programs'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -f -a "list" -d 'List past imports: file, sha256, counts, time'
complete -c rewards -n "__fish_rewards_using_subcommand import; and not __fish_seen_subcommand_from orders returns activities list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l preset -d 'The file\'s layout' -r -f -a "generic\t'The contract\'s generic columns'
shopify\t'Shopify\'s orders export (one line per line item)'
woocommerce\t'WooCommerce\'s order export'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l map -d 'Read column HEADER as FIELD (repeatable), e.g. --map "Order Number=order_id"' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l rejects -d 'Write every rejected row, with an `error` column, to this CSV file' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l dry-run -d 'Validate and report without writing anything'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -l history-only -d 'Past orders: known for first-order checks and reports, never rewarded'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from orders" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l preset -d 'The file\'s layout' -r -f -a "generic\t'The contract\'s generic columns'
shopify\t'Shopify\'s orders export (one line per line item)'
woocommerce\t'WooCommerce\'s order export'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l map -d 'Read column HEADER as FIELD (repeatable), e.g. --map "Order Number=order_id"' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l rejects -d 'Write every rejected row, with an `error` column, to this CSV file' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -l dry-run -d 'Validate and report without writing anything'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from returns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -l rejects -d 'Write every rejected row, with an `error` column, to this CSV file' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -l dry-run -d 'Validate and report without writing anything'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from activities" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "orders" -d 'Import an orders export'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "returns" -d 'Import a returns / refunds export'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "activities" -d 'Import activities (signup, review, share, ...) for points programs'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "list" -d 'List past imports: file, sha256, counts, time'
complete -c rewards -n "__fish_rewards_using_subcommand import; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand settle" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand settle" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand settle" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand settle" -l dry-run -d 'Compute and report what would be written, and write nothing'
complete -c rewards -n "__fish_rewards_using_subcommand settle" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand settle" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand settle" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand balance" -l member -d 'A member statement: every ledger entry with dates, for this member (email)' -r
complete -c rewards -n "__fish_rewards_using_subcommand balance" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand balance" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand balance" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand balance" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand balance" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand balance" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -f -a "redeem" -d 'Redeem a member\'s points (refused beyond the available points)'
complete -c rewards -n "__fish_rewards_using_subcommand points; and not __fish_seen_subcommand_from redeem help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -l note -d 'What they were redeemed for' -r
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -l program -d 'Redeem the points of this program only (required when the member holds points in several currencies)' -r
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from redeem" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from help" -f -a "redeem" -d 'Redeem a member\'s points (refused beyond the available points)'
complete -c rewards -n "__fish_rewards_using_subcommand points; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l reason -d 'Why (shown in explain and statements)' -r
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l program -d 'The program it belongs to' -r
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l currency -d 'The currency [default: the program\'s, else the shop\'s]' -r
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand adjust" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "create" -d 'Batch every member whose available balance is at least --min, per currency and method'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "list" -d 'List payout batches'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "show" -d 'Show one batch and its members'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "export" -d 'Write a batch\'s payment file (repeatable; never marks anything paid)'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "mark-paid" -d 'Record that an exported batch was paid (export it first with `payout export`)'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "mark-failed" -d 'Record that an exported batch failed; its money returns to the members\' available balances'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and not __fish_seen_subcommand_from create list show export mark-paid mark-failed help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -l min -d 'Smallest balance paid out' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -l currency -d 'Only this currency' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -l to -d 'File format' -r -f -a "csv\t'CSV for the bank or a spreadsheet, one row per member'
paypal\t'PayPal mass-pay file (no header, one currency, at most 5,000 rows per file)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -l reference -d 'The bank\'s or PayPal\'s reference' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-paid" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -l reason -d 'Why it failed' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from mark-failed" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "create" -d 'Batch every member whose available balance is at least --min, per currency and method'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "list" -d 'List payout batches'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one batch and its members'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write a batch\'s payment file (repeatable; never marks anything paid)'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "mark-paid" -d 'Record that an exported batch was paid (export it first with `payout export`)'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "mark-failed" -d 'Record that an exported batch failed; its money returns to the members\' available balances'
complete -c rewards -n "__fish_rewards_using_subcommand payout; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand report" -l program -d 'Only this program' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l from -d 'From this date (inclusive)' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l to -d 'To this date (inclusive)' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l point-value -d 'Value of one point, for the points liability [default: each program\'s --point-value]' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l limit -d 'How many members `top` lists' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l leak-threshold -d '`fraud`: a code used by at least this many different customers in the period is flagged as leaked (codes over settle\'s own 24-hour rule are listed whatever this is)' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand report" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand report" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand report" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand report" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -f -a "list" -d 'List rewards held for review'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -f -a "approve" -d 'Approve a held reward: it is written to the ledger (with reversals for returns already settled)'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -f -a "reject" -d 'Reject a held reward, with a reason: it never earns'
complete -c rewards -n "__fish_rewards_using_subcommand review; and not __fish_seen_subcommand_from list approve reject help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -l all -d 'Also list approved and rejected reviews'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -l reason -d 'Why' -r
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from reject" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "list" -d 'List rewards held for review'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Approve a held reward: it is written to the ledger (with reversals for returns already settled)'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "reject" -d 'Reject a held reward, with a reason: it never earns'
complete -c rewards -n "__fish_rewards_using_subcommand review; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand explain" -l order -d 'Explain what one order earned, and why' -r
complete -c rewards -n "__fish_rewards_using_subcommand explain" -l member -d 'Explain a member\'s balance entry by entry' -r
complete -c rewards -n "__fish_rewards_using_subcommand explain" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand explain" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand explain" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand explain" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand explain" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand verify" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand verify" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand verify" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand verify" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand verify" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand completions" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand completions" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand completions" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand completions" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand demo" -l keep -d 'Keep the demo database and files in this folder instead of a temporary one' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand demo" -l db -d 'Database file [default: $REWARDS_DB, else ./rewards.db]' -r -F
complete -c rewards -n "__fish_rewards_using_subcommand demo" -l format -d 'Output format for data on stdout' -r -f -a "table\t'Aligned table for people'
csv\t'Header row then rows; safe to open in a spreadsheet'
json\t'One JSON document (an object, or an array for lists)'"
complete -c rewards -n "__fish_rewards_using_subcommand demo" -l as-of -d 'The moment to act as of: 2026-03-31 (end of that day in the shop\'s time zone), 2026-03-31T23:59:59 or 2026-03-31T23:59:59+03:00 [default: $REWARDS_NOW, else the clock]' -r
complete -c rewards -n "__fish_rewards_using_subcommand demo" -s q -l quiet -d 'Print no status messages on stderr (errors and warnings are still printed); `settle` prints nothing at all on success'
complete -c rewards -n "__fish_rewards_using_subcommand demo" -s y -l yes -d 'Answer yes to confirmations; never prompt'
complete -c rewards -n "__fish_rewards_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "init" -d 'Create the database and set the shop\'s currency and time zone'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "program" -d 'Create and manage referral, affiliate and points programs'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "member" -d 'Add, import, list and block members (customers and partners)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "code" -d 'Issue, list and revoke referral and partner codes'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "import" -d 'Import orders, returns and activities from the shop\'s CSV exports'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "settle" -d 'Turn imported orders, returns and activities into ledger entries (run nightly)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "balance" -d 'Show pending, available and paid balances and points'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "points" -d 'Redeem points'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "adjust" -d 'Credit or debit a member by hand, with a reason'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "payout" -d 'Create, export and settle payout batches'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "report" -d 'Reports for the shop owner'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "review" -d 'Rewards held for review: list, approve, reject'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "explain" -d 'Trace amounts back to orders, returns and the CSV lines they came from'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "verify" -d 'Check the ledger\'s invariants'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "completions" -d 'Print shell completions'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "demo" -d 'Walk the bundled sample data through the whole flow in a temporary database'
complete -c rewards -n "__fish_rewards_using_subcommand help; and not __fish_seen_subcommand_from init program member code import settle balance points adjust payout report review explain verify completions demo help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "create" -d 'Create a program (asks for missing values when run in a terminal)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "list" -d 'List programs'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "show" -d 'Show one program and its rules'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "pause" -d 'Pause a program: orders placed while paused earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "resume" -d 'Resume a paused program'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from program" -f -a "end" -d 'End a program for good: later orders earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "add" -d 'Add one member'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "list" -d 'List members'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "show" -d 'Show one member, their codes and balances'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "edit" -d 'Change a member\'s name, phone, kind or payout details (the email is their identity)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "import" -d 'Import members from a CSV file (email,name[,phone,kind,payout_method,payout_account])'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "block" -d 'Block a member: they earn nothing and are left out of payouts'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from member" -f -a "unblock" -d 'Unblock a member'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from code" -f -a "issue" -d 'Issue codes for one member, every member in a file, or every customer seen in orders'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from code" -f -a "list" -d 'List codes'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from code" -f -a "revoke" -d 'Revoke a code: orders carrying it from now on earn nothing'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "orders" -d 'Import an orders export'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "returns" -d 'Import a returns / refunds export'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "activities" -d 'Import activities (signup, review, share, ...) for points programs'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from import" -f -a "list" -d 'List past imports: file, sha256, counts, time'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from points" -f -a "redeem" -d 'Redeem a member\'s points (refused beyond the available points)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "create" -d 'Batch every member whose available balance is at least --min, per currency and method'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "list" -d 'List payout batches'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "show" -d 'Show one batch and its members'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "export" -d 'Write a batch\'s payment file (repeatable; never marks anything paid)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "mark-paid" -d 'Record that an exported batch was paid (export it first with `payout export`)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from payout" -f -a "mark-failed" -d 'Record that an exported batch failed; its money returns to the members\' available balances'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "list" -d 'List rewards held for review'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "approve" -d 'Approve a held reward: it is written to the ledger (with reversals for returns already settled)'
complete -c rewards -n "__fish_rewards_using_subcommand help; and __fish_seen_subcommand_from review" -f -a "reject" -d 'Reject a held reward, with a reason: it never earns'
