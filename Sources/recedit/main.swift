import Glibc
import RecEditCLI

exit(RecEditCLI.main(CommandLine.arguments))
