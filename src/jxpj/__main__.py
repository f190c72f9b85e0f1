from jxpj.cli import main

main()
