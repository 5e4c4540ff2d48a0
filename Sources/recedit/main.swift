import Foundation
import RecEditCLI

exit(RecEditCLI.main(CommandLine.arguments))
