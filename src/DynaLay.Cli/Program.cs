Console.WriteLine("dynalay");
